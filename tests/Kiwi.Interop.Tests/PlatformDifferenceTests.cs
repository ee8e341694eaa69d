using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiwi.Generator;
using Xunit.Abstractions;

namespace Kiwi.Interop.Tests;

/// <summary>
/// The generator's own comparison of the linux-x64 and linux-arm64 parses finds the differences the kernel ABI is known
/// for, writes exactly those per RID, and keeps them out of the common files.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class PlatformDifferenceTests
{
    private readonly ITestOutputHelper _output;

    public PlatformDifferenceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void EpollEventAndTheOFlagsDifferAndAreWrittenPerRid()
    {
        var (files, differences) = Kiwi.Generator.Generator.Render(Manifest.Load(Repository.Manifest), TargetPlatform.All);
        differences.ForEach(_output.WriteLine);

        string epoll = Assert.Single(differences, d => d.StartsWith("sys/epoll.h: struct epoll_event:"));
        Assert.Contains("linux-x64 12 bytes, align 1, packed, events:uint@0/4 data:epoll_data@4/8", epoll);
        Assert.Contains("linux-arm64 16 bytes, align 8, events:uint@0/4 data:epoll_data@8/8", epoll);
        foreach (string flag in new[] { "O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW" })
        {
            Assert.Single(differences, d => d.StartsWith($"fcntl.h: const {flag}:"));
        }

        foreach (TargetPlatform target in TargetPlatform.All)
        {
            Assert.Contains("public partial struct epoll_event", files[$"{target.Rid}/sys_epoll.g.cs"]);
            Assert.Contains("public const int O_DIRECT = ", files[$"{target.Rid}/fcntl.g.cs"]);
        }
        Assert.Contains("[StructLayout(LayoutKind.Sequential, Pack = 1)]", files["linux-x64/sys_epoll.g.cs"]);
        Assert.Contains("[StructLayout(LayoutKind.Sequential)]\npublic partial struct epoll_event", files["linux-arm64/sys_epoll.g.cs"]);
        Assert.DoesNotContain("struct epoll_event\n", files["sys_epoll.g.cs"]);
        Assert.DoesNotContain(" O_DIRECT ", files["fcntl.g.cs"]);
        Assert.Contains("public const int O_NONBLOCK = 2048;", files["fcntl.g.cs"]);
        Assert.Equal(files[PlatformMerge.DifferencesFile], File.ReadAllText(Path.Combine(Repository.Generated, PlatformMerge.DifferencesFile)));
    }
}
