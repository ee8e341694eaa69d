using Kiwi.Net.Proactor;
using Kiwi.Net.Reactor;
using Kiwi.Net.SignalDriven;
using Microsoft.Extensions.Logging;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/LOGGING.md.</summary>
public static class LoggingSnippets
{
    public static void GiveLoggers(ILogger logger)
    {
        #region logging-setup
        // logger: any ILogger, e.g. loggerFactory.CreateLogger("Kiwi.Net") from Microsoft.Extensions.Logging.
        using EventLoopThread thread = new("logged", loop => loop.Logger = logger);   // or new EventLoop(logger)
        EventLoop baseLoop = thread.StartLoop();                   // a TcpServer's I/O loops take their base loop's logger
        using Proactor proactor = new(new ProactorOptions { Logger = logger });
        using SignalDrivenIo signals = new(logger: logger);
        baseLoop.QueueInLoop(() => throw new System.InvalidOperationException("logged as event 100, an error"));
        #endregion
        proactor.Dispose();                                        // logs event 204, the ring's teardown
    }
}
