using System;
using Kiwi.Net.SignalDriven;
using Kiwi.Net.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>What the signal-driven thread logs through the logger it was given.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SignalDrivenLoggingTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void AThrowingHandlerIsLoggedWithItsDescriptorAndTheThreadGoesOn()
    {
        RecordingLogger logger = new();
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new(logger: logger))
        {
            NotificationRecorder recorder = new();
            io.Register(reader.Handle, _ => throw new InvalidOperationException("handler"));
            int fd = reader.Handle.DangerousGetDescriptor();

            writer.Send("x"u8);

            LogEntry entry = logger.WaitFor(300, TimeSpan.FromMilliseconds(Loopback.WaitMs));
            Assert.Equal(LogLevel.Error, entry.Level);
            Assert.Equal("handler", entry.Exception!.Message);
            Assert.Equal(fd, entry.Values["Descriptor"]);
            // The thread survived: a second registration still gets its notification.
            var (writer2, reader2) = SocketPairs.NonBlocking();
            using (writer2)
            using (reader2)
            {
                io.Register(reader2.Handle, recorder.Handle);
                writer2.Send("y"u8);
                recorder.WaitForBytes(reader2.Handle.DangerousGetDescriptor(), 1, Loopback.WaitMs);
            }
        }
    }
}
