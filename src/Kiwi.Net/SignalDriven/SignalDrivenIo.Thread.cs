using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.SignalDriven;

// The dedicated thread: block the signals, wait on the signalfd and the wake-up eventfd, dispatch, and undo
// everything before it exits.
public sealed partial class SignalDrivenIo
{
    private void ThreadMain()
    {
        try
        {
            // Blocked before the id is published: no descriptor can aim a signal here while it is deliverable.
            SignalSet.BlockOnCurrentThread(SignalSet.Of([Signal, Libc.SIGIO]));
            _threadId = SystemCalls.GetTid();
        }
        catch (Exception error)
        {
            _startFailure = ExceptionDispatchInfo.Capture(error);
            _started.Set();
            return;
        }
        _started.Set();
        try
        {
            Run();
        }
        catch (Exception error)
        {
            SignalIoLog.ThreadFailed(_logger, error);
            Report(error, -1);
        }
        finally
        {
            ShutDown();
        }
    }

    private void Run()
    {
        Span<PollDescriptor> waits =
        [
            new PollDescriptor(_signals.DangerousGetDescriptor(), PollEvents.In),
            new PollDescriptor(_wake.DangerousGetDescriptor(), PollEvents.In),
        ];
        while (!_closed)
        {
            Poll.Wait(waits, -1);
            if (waits[1].ReturnedEvents != PollEvents.None)
            {
                _wake.TryRead(out _);
                RunQueued();
            }
            if (waits[0].ReturnedEvents != PollEvents.None && ReadSignals())
            {
                Interlocked.Increment(ref _overflowCount);
                Volatile.Write(ref _repollRequested, 1);
            }
            if (Interlocked.Exchange(ref _repollRequested, 0) != 0)
            {
                RepollAll();
            }
        }
    }

    /// <summary>Reads and dispatches queued signals (bounded, so a flood cannot starve the wake-up); true when
    /// one of them was the overflow <c>SIGIO</c>.</summary>
    private bool ReadSignals()
    {
        bool overflow = false;
        for (int round = 0; round < ReadsPerWakeUp; round++)
        {
            int count = _signals.TryRead(_records);
            for (int i = 0; i < count; i++)
            {
                ref readonly signalfd_siginfo record = ref _records[i];
                if (record.ssi_signo == (uint)Libc.SIGIO)
                {
                    overflow = true;
                }
                else
                {
                    Interlocked.Increment(ref _signalCount);
                    Dispatch(record.ssi_fd, (SignalIoReason)record.ssi_code, (PollEvents)(short)record.ssi_band);
                }
            }
            if (count < RecordsPerRead)
            {
                break;
            }
        }
        return overflow;
    }

    private void Dispatch(int fd, SignalIoReason reason, PollEvents band)
    {
        SignalIoRegistration? registration;
        lock (_gate)
        {
            _registrations.TryGetValue(fd, out registration);
        }
        // null: a signal queued before Unregister turned O_ASYNC off.
        if (registration is not null)
        {
            Invoke(registration, reason, band);
        }
    }

    private void RunQueued()
    {
        while (_toRelease.TryDequeue(out SignalIoRegistration? released))
        {
            released.Release();
        }
        while (_toCheck.TryDequeue(out SignalIoRegistration? added))
        {
            if (IsRegistered(added))
            {
                PollEvents ready = RawDescriptor.WaitFor(added.Descriptor, added.Interest, 0);
                if (ready != PollEvents.None)
                {
                    Invoke(added, SignalIoReason.Polled, ready);
                }
            }
        }
    }

    private void RepollAll()
    {
        lock (_gate)
        {
            _repollList.Clear();
            _repollList.AddRange(_registrations.Values);
        }
        if (_repollEntries.Length < _repollList.Count)
        {
            _repollEntries = new PollDescriptor[Math.Max(_repollList.Count, _repollEntries.Length * 2)];
        }
        Span<PollDescriptor> entries = _repollEntries.AsSpan(0, _repollList.Count);
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new PollDescriptor(_repollList[i].Descriptor, _repollList[i].Interest);
        }
        if (Poll.Wait(entries, 0) > 0)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                // A handler earlier in this pass may have unregistered a later descriptor.
                if (entries[i].ReturnedEvents != PollEvents.None && IsRegistered(_repollList[i]))
                {
                    Invoke(_repollList[i], SignalIoReason.Polled, entries[i].ReturnedEvents);
                }
            }
        }
        _repollList.Clear();
    }

    private bool IsRegistered(SignalIoRegistration registration)
    {
        lock (_gate)
        {
            return _registrations.TryGetValue(registration.Descriptor, out SignalIoRegistration? current) && current == registration;
        }
    }

    private void Invoke(SignalIoRegistration registration, SignalIoReason reason, PollEvents band)
    {
        try
        {
            registration.Handler(new SignalIoNotification(registration.Handle, registration.Descriptor, reason, band));
        }
        catch (Exception error)
        {
            SignalIoLog.HandlerFailed(_logger, registration.Descriptor, error);
            Report(error, registration.Descriptor);
        }
    }

    private void Report(Exception error, int descriptor)
    {
        try
        {
            Error?.Invoke(this, new SignalIoErrorEventArgs(error, descriptor));
        }
        catch (Exception inner)
        {
            // A failing error subscriber must not take the thread (and every registration) down with it.
            SignalIoLog.SubscriberFailed(_logger, inner);
        }
    }

    /// <summary>On the thread, last: undo every registration (<c>O_ASYNC</c> off first), drain what is queued,
    /// drop the references, close the signalfd and the eventfd.</summary>
    private void ShutDown()
    {
        List<SignalIoRegistration> remaining;
        lock (_gate)
        {
            _closed = true;
            remaining = new List<SignalIoRegistration>(_registrations.Values);
            _registrations.Clear();
        }
        foreach (SignalIoRegistration registration in remaining)
        {
            ErrnoException? failure = AsyncSignalOwner.Disable(registration.Descriptor);
            if (failure is not null)
            {
                SignalIoLog.TeardownFailed(_logger, registration.Descriptor, failure);
                Report(failure, registration.Descriptor);
            }
        }
        // No descriptor can raise a signal now; take what is still queued on this thread.
        while (_signals.TryRead(_records) > 0)
        {
        }
        foreach (SignalIoRegistration registration in remaining)
        {
            registration.Release();
        }
        while (_toRelease.TryDequeue(out SignalIoRegistration? released))
        {
            released.Release();
        }
        _toCheck.Clear();
        _started.Dispose();
        _wake.Dispose();
        _signals.Dispose();
    }
}
