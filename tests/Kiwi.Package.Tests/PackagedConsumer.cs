using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kiwi.Interop.Tests;

namespace Kiwi.Package.Tests;

/// <summary>
/// Once per test class: packs both libraries with <c>./build.sh pack</c> under a version of their own into a local
/// folder, writes a fresh console project in a temporary folder outside the repository whose NuGet.config adds that
/// folder to the usual sources, and runs <c>dotnet add package Kiwi.Net</c> there. Disposing deletes the folder and
/// the two packages the restore put in the global packages folder.
/// </summary>
public sealed class PackagedConsumer : IDisposable
{
    /// <summary>How long one dotnet command may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    public PackagedConsumer()
    {
        // A version no feed has, so the restore takes the packages just made and never a stale copy in a cache.
        Version = $"0.0.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Root = Path.Combine(Path.GetTempPath(), $"kiwi-consumer-{Guid.NewGuid():N}");
        PackageFolder = Path.Combine(Root, "packages");
        ProjectFolder = Path.Combine(Root, "Consumer");
        Directory.CreateDirectory(PackageFolder);
        Directory.CreateDirectory(ProjectFolder);
        try
        {
            Pack = Timed(() => RunChecked("bash", Repository.Root, Path.Combine(Repository.Root, "build.sh"), "pack",
                $"-p:PackageVersion={Version}", $"-p:PackageOutputPath={PackageFolder}/"));
            WriteProject();
            AddPackage = Timed(() => RunChecked("dotnet", ProjectFolder, "add", "package", "Kiwi.Net", "--version", Version));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Version { get; }

    /// <summary>The temporary folder holding the packages and the project.</summary>
    public string Root { get; }

    public string PackageFolder { get; }

    public string ProjectFolder { get; }

    public (TimeSpan Elapsed, string Output) Pack { get; }

    public (TimeSpan Elapsed, string Output) AddPackage { get; }

    /// <summary>Where the restore unpacked a package of this version.</summary>
    public static string GlobalPackagesFolder => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public string RestoredPackage(string id) => Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant(), Version.ToLowerInvariant());

    /// <summary>Runs a command in the project folder; fails the test on a non-zero exit.</summary>
    public (TimeSpan Elapsed, string Output) Run(string fileName, params string[] arguments)
        => Timed(() => RunChecked(fileName, ProjectFolder, arguments));

    public void Dispose()
    {
        DeleteQuietly(Root);
        foreach (string id in new[] { "Kiwi.Net", "Kiwi.Interop" })
        {
            DeleteQuietly(RestoredPackage(id));
            // The id's folder too, once no other version is left in it.
            string idFolder = Path.GetDirectoryName(RestoredPackage(id))!;
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                DeleteQuietly(idFolder);
            }
        }
    }

    private void WriteProject()
    {
        // Empty ones stop MSBuild from looking further up for a Directory.Build.* that is not the consumer's.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="kiwi-local" value="{PackageFolder}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(ProjectFolder, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
            </Project>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(ProjectFolder, "Program.cs"));
    }

    private static string RunChecked(string fileName, string workingDirectory, params string[] arguments)
    {
        (int exitCode, string output) = ChildProcess.Run(fileName, workingDirectory, CommandLimit, arguments);
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {exitCode}:{Environment.NewLine}{output}");
        return output;
    }

    private static (TimeSpan Elapsed, string Output) Timed(Func<string> run)
    {
        Stopwatch clock = Stopwatch.StartNew();
        string output = run();
        return (clock.Elapsed, output);
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is not a test failure.
        }
    }
}
