using System.Threading;
using Kiwi.Net.SignalDriven;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>Waits until the dedicated thread has run the registration check of every descriptor registered so far.
/// The checks run in registration order, so a last registration that is ready from the start (hence reported by
/// its check, since no signal names data that predates O_ASYNC) marks the end of all of them.</summary>
internal static class RegistrationBarrier
{
    public static void Wait(SignalDrivenIo io)
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (ManualResetEventSlim reported = new())
        {
            writer.Send("b"u8);
            io.Register(reader.Handle, _ => reported.Set());
            Assert.True(reported.Wait(Loopback.WaitMs), "the registration checks did not run");
            io.Unregister(reader.Handle);
        }
    }
}
