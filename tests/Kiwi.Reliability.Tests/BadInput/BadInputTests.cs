using System;
using System.Collections.Generic;
using System.Linq;
using Kiwi.Net;
using Xunit.Abstractions;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>
/// Runs every <see cref="BadInputCase"/>: the exact exception type, the call and errno name in an
/// <see cref="ErrnoException"/> (and in its message), a parameter name on argument exceptions, and the same set of
/// descriptors in /proc/self/fd before and after the case.
/// </summary>
[Collection(DescriptorCollection.Name)]
public sealed class BadInputTests
{
    private readonly ITestOutputHelper _output;

    public BadInputTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Names => BadInputCatalog.ByName.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Names))]
    public void Refused(string name)
    {
        BadInputCase badInput = BadInputCatalog.ByName[name];
        // Garbage of earlier cases is finalized first, so that it cannot close descriptors during this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        Exception? thrown;
        using (Scope scope = new())
        {
            thrown = Record.Exception(() => badInput.Run(scope));
        }
        Dictionary<int, string> after = DescriptorLeakCheck.Snapshot();

        Assert.True(thrown is not null, $"{name}: nothing was thrown");
        Assert.True(thrown.GetType() == badInput.Expected, $"{name}: expected {badInput.Expected.Name}, got {thrown.GetType().Name}: {thrown.Message}\n{thrown.StackTrace}");
        if (thrown is ErrnoException errno)
        {
            Assert.Equal(badInput.Call, errno.Call);
            Assert.Equal(badInput.Errno, errno.ErrnoName);
            Assert.Contains(errno.Call, errno.Message, StringComparison.Ordinal);
            Assert.Contains(errno.ErrnoName, errno.Message, StringComparison.Ordinal);
        }
        if (thrown is ArgumentException argument)
        {
            Assert.False(string.IsNullOrEmpty(argument.ParamName), $"{name}: {thrown.GetType().Name} names no parameter");
        }
        Assert.True(SameDescriptors(before, after), $"{name}: /proc/self/fd before [{Describe(before)}] after [{Describe(after)}]");
    }

    [Fact]
    public void CatalogCoversThePublicSurface()
    {
        IReadOnlyCollection<BadInputCase> cases = BadInputCatalog.ByName.Values.ToList();
        int members = cases.Select(c => c.Member).Distinct().Count();
        int types = cases.Select(c => c.Member.Split('.', '(')[0]).Distinct().Count();
        _output.WriteLine($"bad-input cases: {cases.Count}; public members covered: {members}; types: {types}");
        foreach (IGrouping<Type, BadInputCase> group in cases.GroupBy(c => c.Expected).OrderBy(g => g.Key.Name))
        {
            _output.WriteLine($"  {group.Key.Name}: {group.Count()}");
        }
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
    }

    private static bool SameDescriptors(Dictionary<int, string> before, Dictionary<int, string> after)
        => before.Count == after.Count && before.All(kv => after.TryGetValue(kv.Key, out string? target) && target == kv.Value);

    private static string Describe(Dictionary<int, string> entries) => string.Join(", ", entries.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}->{kv.Value}"));
}
