using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Tests.Multiplexing;

/// <summary>
/// A signal that interrupts poll, epoll_wait or select (EINTR, which the kernel never restarts for them) does not end
/// the wait: the shim resumes it for the time that remains, so the call returns 0 at its timeout and never throws.
/// </summary>
[Collection(DescriptorCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class InterruptedWaitTests
{
    private const int TimeoutMs = 600;
    private const int Signals = 6;
    private const int SignalIntervalMs = 50;

    [Fact]
    public void PollResumesAfterASignal() => AssertResumes(read =>
    {
        Span<PollDescriptor> entries = [new PollDescriptor(read.DangerousGetDescriptor(), PollEvents.In)];
        return Poll.Wait(entries, TimeoutMs);
    });

    [Fact]
    public void EpollWaitResumesAfterASignal() => AssertResumes(read =>
    {
        using EpollHandle epoll = EpollHandle.Create();
        epoll.Add(read, EpollEvents.In, 1);
        Span<EpollEvent> events = stackalloc EpollEvent[4];
        return epoll.Wait(events, TimeoutMs);
    });

    [Fact]
    public void SelectResumesAfterASignal() => AssertResumes(read =>
    {
        FdSet readable = new();
        readable.Add(read);
        return Select.Wait(readable, null, null, TimeSpan.FromMilliseconds(TimeoutMs));
    });

    private static void AssertResumes(Func<PipeHandle, int> wait)
    {
        int delivered = 0;
        using PosixSignalRegistration registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            Interlocked.Increment(ref delivered);
            context.Cancel = true;
        });
        var (read, write) = PipeHandle.CreatePair();
        using (read)
        using (write)
        {
            int threadId = 0;
            int result = -1;
            Exception? failure = null;
            TimeSpan elapsed = default;
            using ManualResetEventSlim started = new();
            Thread waiter = new(() =>
            {
                threadId = KiwiShim.kiwi_gettid();
                started.Set();
                Stopwatch clock = Stopwatch.StartNew();
                try
                {
                    result = wait(read);
                }
                catch (Exception error)
                {
                    failure = error;
                }
                elapsed = clock.Elapsed;
            }) { IsBackground = true };
            waiter.Start();
            Assert.True(started.Wait(5000), "the waiting thread did not start");
            for (int i = 0; i < Signals; i++)
            {
                Thread.Sleep(SignalIntervalMs);
                Assert.Equal(0, tgkill(Environment.ProcessId, threadId, Libc.SIGWINCH));
            }
            Assert.True(waiter.Join(10_000), "the wait did not return");
            Assert.Null(failure);
            Assert.Equal(0, result);
            // Well past the last signal: an interrupted wait that returned early would have ended near a signal.
            Assert.True(elapsed >= TimeSpan.FromMilliseconds(TimeoutMs - 10), $"the wait returned after {elapsed.TotalMilliseconds} ms");
            SpinWait.SpinUntil(() => Volatile.Read(ref delivered) > 0, 5000);
            Assert.True(Volatile.Read(ref delivered) > 0, "no SIGWINCH reached the handler, so nothing interrupted the wait");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int tgkill(int processId, int threadId, int signal);
}
