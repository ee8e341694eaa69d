using System;
using System.IO;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;
using Kiwi.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiwi.Reactor.Tests.Logging;

/// <summary>With neither a logger nor an ErrorReported subscriber the Reactor says nothing, on stderr or elsewhere.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SilentByDefaultTests : IClassFixture<ConsoleLeakCheck>
{
    [Fact]
    public void WithoutLoggerOrSubscriberAnErrorIsDroppedSilently()
    {
        TextWriter original = Console.Error;
        StringWriter captured = new();
        Console.SetError(captured);
        try
        {
            using var thread = new EventLoopThread("test-silent");
            EventLoop loop = thread.StartLoop();
            Assert.Same(NullLogger.Instance, loop.Logger);
            var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            loop.QueueInLoop(() => throw new InvalidOperationException("unheard"));
            loop.QueueInLoop(ran.SetResult);
            Wait.For(ran.Task, "the loop to go on after the throwing call");
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal("", captured.ToString());
    }
}
