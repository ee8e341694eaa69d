using System;
using System.Threading;
using System.Threading.Tasks;

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
}
