using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>One end of a pipe (<c>pipe2(2)</c>); read and write it with the <see cref="FileDescriptorHandle"/> methods.</summary>
public sealed class PipeHandle : FileDescriptorHandle
{
    private PipeHandle()
    {
    }

    /// <summary>Creates a pipe with <c>pipe2(O_CLOEXEC | ...)</c>.</summary>
    /// <param name="nonBlocking">Adds <c>O_NONBLOCK</c> to both ends.</param>
    /// <returns>The read end and the write end; the caller disposes both.</returns>
    public static unsafe (PipeHandle ReadEnd, PipeHandle WriteEnd) CreatePair(bool nonBlocking = false)
    {
        PipeHandle readEnd = new();
        PipeHandle writeEnd = new();
        int* fds = stackalloc int[2];
        int r = SystemCalls.Pipe2(fds, Libc.O_CLOEXEC | (nonBlocking ? Libc.O_NONBLOCK : 0));
        if (r < 0)
        {
            readEnd.Dispose();
            writeEnd.Dispose();
            ErrnoException.Throw("pipe2", -r);
        }
        readEnd.SetDescriptor(fds[0]);
        writeEnd.SetDescriptor(fds[1]);
        return (readEnd, writeEnd);
    }
}
