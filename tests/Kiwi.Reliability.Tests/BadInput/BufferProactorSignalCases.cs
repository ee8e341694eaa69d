using System;
using System.Collections.Generic;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Proactor;
using Kiwi.Net.Reactor;
using Kiwi.Net.SignalDriven;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Bad input for <see cref="ByteBuffer"/>, <see cref="ProactorOptions"/>/<see cref="Proactor"/> and
/// <see cref="SignalDrivenIo"/>.</summary>
internal static class BufferProactorSignalCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // ByteBuffer.
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer(int)", "-1", _ => new ByteBuffer(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer(int)", "int.MaxValue", _ => new ByteBuffer(int.MaxValue));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.Retrieve", "-1", _ => Filled().Retrieve(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.Retrieve", "more than readable", _ => Filled().Retrieve(4));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.RetrieveAsString", "int.MinValue", _ => Filled().RetrieveAsString(int.MinValue));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.EnsureWritable", "-1", _ => Filled().EnsureWritable(-1));
        yield return Case.Throws<InsufficientMemoryException>("ByteBuffer.EnsureWritable", "int.MaxValue", _ => Filled().EnsureWritable(int.MaxValue));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.GetSpan", "-1", _ => Filled().GetSpan(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.GetMemory", "-5", _ => Filled().GetMemory(-5));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.Advance", "-1", _ => Filled().Advance(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.Advance", "more than writable", _ => Filled().Advance(int.MaxValue));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.Unwrite", "more than readable", _ => Filled().Unwrite(4));
        yield return Case.Throws<InvalidOperationException>("ByteBuffer.Prepend", "more than the prepend area", _ => Filled().Prepend(new byte[9]));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.IndexOfCrlf", "-1", _ => Filled().IndexOfCrlf(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.IndexOfEol", "past the end", _ => Filled().IndexOfEol(4));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.Shrink", "-1", _ => Filled().Shrink(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.PeekInt64", "3 readable bytes", _ => Filled().PeekInt64());
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.ReadInt32", "3 readable bytes", _ => Filled().ReadInt32());
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.ReadInt16", "an empty buffer", _ => new ByteBuffer().ReadInt16());
        yield return Case.Throws<ArgumentOutOfRangeException>("ByteBuffer.ReadByte", "an empty buffer", _ => new ByteBuffer().ReadByte());
        yield return Case.Throws<InvalidOperationException>("ByteBuffer.PrependInt64", "a full prepend area", _ => Full().PrependInt64(1));
        yield return Case.Throws<ArgumentNullException>("ByteBuffer.TryReadFrom", "null", _ => new ByteBuffer().TryReadFrom(null!, out int _, out bool _));
        yield return Case.Throws<ObjectDisposedException>("ByteBuffer.TryReadFrom", "disposed buffer", s =>
        {
            (LinuxSocket first, LinuxSocket second) = s.Pair();
            first.Send(new byte[] { 1, 2, 3 });
            ByteBuffer buffer = new();
            buffer.Dispose();
            try
            {
                buffer.TryReadFrom(second.Handle, out _, out _);
            }
            finally
            {
                // Refused before reading: the three bytes are still in the socket.
                if (!second.TryReceive(new byte[8], out int left, MessageFlags.DontWait) || left != 3)
                {
                    throw new InvalidOperationException("ByteBuffer.TryReadFrom consumed bytes before refusing");
                }
            }
        });
        yield return Case.Throws<ObjectDisposedException>("ByteBuffer.TryReadFrom", "disposed descriptor", s => new ByteBuffer().TryReadFrom(s.DisposedSocket().Handle, out _, out _));
        yield return Case.Errno("ByteBuffer.TryReadFrom", "a listening socket", "readv", "ENOTCONN", s => new ByteBuffer().TryReadFrom(s.Listener().Handle, out _, out _));
        yield return Case.Throws<ObjectDisposedException>("ByteBuffer.Append", "disposed", _ => Disposed(new ByteBuffer()).Append(new byte[1]));
        yield return Case.Throws<ObjectDisposedException>("ByteBuffer.AppendInt32", "disposed", _ => Disposed(new ByteBuffer()).AppendInt32(1));
        yield return Case.Throws<ObjectDisposedException>("ByteBuffer.GetSpan", "disposed", _ => Disposed(new ByteBuffer()).GetSpan(1));

        // Proactor.
        yield return Case.Throws<ArgumentOutOfRangeException>("ProactorOptions.CancelTimeoutMilliseconds", "-1", _ => new ProactorOptions { CancelTimeoutMilliseconds = -1 });
        yield return Case.Errno("Proactor(ProactorOptions)", "0 submission entries", "io_uring_setup", "EINVAL", _ => new Proactor(new ProactorOptions { SubmissionEntries = 0 }).Dispose());
        yield return Case.Throws<ArgumentNullException>("Proactor.Accept", "null listener", s => s.Own(new Proactor()).Accept(null!, (in ProactorCompletion _) => { }));
        yield return Case.Throws<ArgumentNullException>("Proactor.Receive", "null handler", s => s.Own(new Proactor()).Receive(s.Pair().First.Handle, new byte[4], null!));
        yield return Case.Throws<ArgumentNullException>("Proactor.ReceiveAsync", "null socket", s => _ = s.Own(new Proactor()).ReceiveAsync(null!, new byte[4]));
        yield return Case.Throws<ObjectDisposedException>("Proactor.ReceiveAsync", "disposed socket", s => _ = s.Own(new Proactor()).ReceiveAsync(s.DisposedSocket(), new byte[4]));
        yield return Case.Throws<ObjectDisposedException>("Proactor.SendAsync", "disposed Proactor", s => _ = Disposed(new Proactor()).SendAsync(s.Pair().First, new byte[4]));
        yield return Case.Throws<ArgumentNullException>("Proactor.ConnectAsync", "null endpoint", s => _ = s.Own(new Proactor()).ConnectAsync(s.Socket(), null!));

        // Signal-driven I/O.
        yield return Case.Throws<ArgumentNullException>("SignalDrivenIo.Register", "null handle", s => s.Own(new SignalDrivenIo()).Register(null!, _ => { }));
        yield return Case.Throws<ArgumentNullException>("SignalDrivenIo.Register", "null handler", s => s.Own(new SignalDrivenIo()).Register(s.Pair().First.Handle, null!));
        yield return Case.Throws<ArgumentException>("SignalDrivenIo.Register", "an eventfd (no O_ASYNC support)", s => s.Own(new SignalDrivenIo()).Register(s.Own(EventFdHandle.Create()), _ => { }));
        yield return Case.Throws<InvalidOperationException>("SignalDrivenIo.Register", "registered twice", s =>
        {
            SignalDrivenIo io = s.Own(new SignalDrivenIo());
            LinuxSocket socket = s.Pair().First;
            io.Register(socket.Handle, _ => { });
            io.Register(socket.Handle, _ => { });
        });
        yield return Case.Throws<ObjectDisposedException>("SignalDrivenIo.Register", "a disposed descriptor", s => s.Own(new SignalDrivenIo()).Register(s.DisposedSocket().Handle, _ => { }));
        yield return Case.Throws<ObjectDisposedException>("SignalDrivenIo.Register", "disposed", s => Disposed(new SignalDrivenIo()).Register(s.Pair().First.Handle, _ => { }));
        yield return Case.Throws<ArgumentNullException>("SignalDrivenIo.Unregister", "null", s => s.Own(new SignalDrivenIo()).Unregister(null!));
    }

    /// <summary>A buffer with three readable bytes.</summary>
    private static ByteBuffer Filled()
    {
        ByteBuffer buffer = new();
        buffer.Append(new byte[] { 1, 2, 3 });
        return buffer;
    }

    /// <summary>A buffer whose prepend area is used up.</summary>
    private static ByteBuffer Full()
    {
        ByteBuffer buffer = Filled();
        buffer.Prepend(new byte[ByteBuffer.CheapPrependSize]);
        return buffer;
    }

    private static T Disposed<T>(T resource) where T : IDisposable
    {
        resource.Dispose();
        return resource;
    }
}
