using System;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>Bounded waits: a bug makes a test fail after the limit instead of hanging.</summary>
internal static class Wait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static T Result<T>(Task<T> task, string what)
    {
        Assert.True(task.Wait(Limit), $"timed out waiting for {what}");
        return task.Result;
    }

    public static void For(Task task, string what)
    {
        Assert.True(task.Wait(Limit), $"timed out waiting for {what}");
    }

    public static void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(2);
        }
    }

    /// <summary>Runs <paramref name="read"/> on the loop thread (consistent with what the loop does) and returns its result.</summary>
    public static T OnLoop<T>(EventLoop loop, Func<T> read, string what)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.QueueInLoop(() => result.SetResult(read()));
        return Result(result.Task, what);
    }
}
