using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Kiwi.Package.Tests;

/// <summary>
/// The packages as a consumer sees them: their contents, a JIT build of a fresh project that needs nothing but
/// <c>dotnet add package Kiwi.Net</c>, and the same project published with NativeAOT. Both runs echo 64 KiB through
/// a <c>TcpServer</c> and check the bytes (Consumer/Program.cs).
/// </summary>
public sealed partial class PackageConsumerTests : IClassFixture<PackagedConsumer>
{
    private const string Shim = "runtimes/linux-x64/native/libkiwi_shim.so";

    // ELF e_machine values (elf.h EM_X86_64, EM_AARCH64).
    private const ushort X86_64 = 62;
    private const ushort Aarch64 = 183;

    private readonly PackagedConsumer _consumer;
    private readonly ITestOutputHelper _output;

    public PackageConsumerTests(PackagedConsumer consumer, ITestOutputHelper output)
    {
        _consumer = consumer;
        _output = output;
    }

    [Fact]
    public void PackagesCarryEachRidsBuildAndShimWithDocsAndSymbols()
    {
        _output.WriteLine($"./build.sh pack: {_consumer.Pack.Elapsed.TotalSeconds:F1} s");
        string[] made = Directory.GetFiles(_consumer.PackageFolder).Select(Path.GetFileName).Order().ToArray()!;
        _output.WriteLine(string.Join(Environment.NewLine, made));
        Assert.Equal(new[]
        {
            $"Kiwi.Interop.{_consumer.Version}.nupkg", $"Kiwi.Interop.{_consumer.Version}.snupkg",
            $"Kiwi.Net.{_consumer.Version}.nupkg", $"Kiwi.Net.{_consumer.Version}.snupkg",
        }, made);

        string[] interop = Entries($"Kiwi.Interop.{_consumer.Version}.nupkg");
        string[] net = Entries($"Kiwi.Net.{_consumer.Version}.nupkg");
        foreach (string name in new[] { "Kiwi.Interop", "Kiwi.Net" })
        {
            string[] entries = name == "Kiwi.Net" ? net : interop;
            Assert.Contains($"lib/net10.0/{name}.dll", entries);
            Assert.Contains($"lib/net10.0/{name}.xml", entries);
            Assert.Contains("README.md", entries);
            // One build per RID: layouts and constants differ, and Kiwi.Net compiles Kiwi.Interop's constants in.
            Assert.Contains($"runtimes/linux-x64/lib/net10.0/{name}.dll", entries);
            Assert.Contains($"runtimes/linux-arm64/lib/net10.0/{name}.dll", entries);
        }
        Assert.Equal(X86_64, ElfMachine($"Kiwi.Interop.{_consumer.Version}.nupkg", Shim));
        Assert.Equal(Aarch64, ElfMachine($"Kiwi.Interop.{_consumer.Version}.nupkg", "runtimes/linux-arm64/native/libkiwi_shim.so"));
        Assert.Contains("lib/net10.0/Kiwi.Net.pdb", Entries($"Kiwi.Net.{_consumer.Version}.snupkg"));

        string nuspec = Read($"Kiwi.Net.{_consumer.Version}.nupkg", "Kiwi.Net.nuspec");
        Assert.Contains($"<dependency id=\"Kiwi.Interop\" version=\"{_consumer.Version}\"", nuspec);
        Assert.Contains("<dependency id=\"Microsoft.Extensions.Logging.Abstractions\"", nuspec);
        Assert.Contains("<license type=\"expression\">", nuspec);
        Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", nuspec);
        // Exactly two dependencies: the shipped libraries need nothing else.
        Assert.Equal(2, Regex.Count(nuspec, "<dependency "));
    }

    [Fact]
    public void JitBuildOfAFreshProjectEchoesThroughTcpServer()
    {
        var build = _consumer.Run("dotnet", "build", "-c", "Release");
        string bin = Path.Combine(_consumer.ProjectFolder, "bin", "Release", "net10.0");
        // The SDK laid the shim out from the package's native asset; the host finds it through Consumer.deps.json.
        AssertSameBytes(Path.Combine(_consumer.RestoredPackage("Kiwi.Interop"), Shim), Path.Combine(bin, Shim));

        var run = _consumer.Run("dotnet", Path.Combine(bin, "Consumer.dll"));

        Assert.Matches("^echoed 65536 bytes in [0-9]+ ms", run.Output);
        _output.WriteLine($"dotnet add package: {_consumer.AddPackage.Elapsed.TotalSeconds:F1} s, build: {build.Elapsed.TotalSeconds:F1} s, run: {run.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void NativeAotPublishHasNoWarningsAndItsBinaryEchoes()
    {
        var publish = _consumer.Run("dotnet", "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "-p:TrimmerSingleWarn=false", "-o", "aot");
        string[] warnings = publish.Output.Split('\n').Where(line => WarningLine().IsMatch(line)).ToArray();
        Assert.True(warnings.Length == 0, "trim/AOT warnings:" + Environment.NewLine + string.Join(Environment.NewLine, warnings));
        string binary = Path.Combine(_consumer.ProjectFolder, "aot", "Consumer");
        AssertSameBytes(Path.Combine(_consumer.RestoredPackage("Kiwi.Interop"), Shim),
            Path.Combine(_consumer.ProjectFolder, "aot", "libkiwi_shim.so"));

        var run = _consumer.Run(binary);

        Assert.Matches("^echoed 65536 bytes in [0-9]+ ms", run.Output);
        _output.WriteLine($"publish: {publish.Elapsed.TotalSeconds:F1} s; {binary}: {new FileInfo(binary).Length} bytes; run (start to exit): {run.Elapsed.TotalMilliseconds:F0} ms");
    }

    [GeneratedRegex(@"\bwarning\b", RegexOptions.IgnoreCase)]
    private static partial Regex WarningLine();

    private string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(_consumer.PackageFolder, package));
        return zip.Entries.Select(entry => entry.FullName).ToArray();
    }

    private string Read(string package, string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(_consumer.PackageFolder, package));
        using StreamReader reader = new(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The <c>e_machine</c> field of an ELF file in a package (bytes 18-19, little-endian).</summary>
    private ushort ElfMachine(string package, string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(_consumer.PackageFolder, package));
        using Stream stream = zip.GetEntry(entry)!.Open();
        byte[] header = new byte[20];
        stream.ReadExactly(header);
        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return BitConverter.ToUInt16(header, 18);
    }

    private static void AssertSameBytes(string expected, string actual)
    {
        Assert.True(File.Exists(actual), $"{actual} is missing");
        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
    }
}
