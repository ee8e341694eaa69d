using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Generator;

namespace Kiwi.Interop.Tests;

/// <summary>
/// Proof 5: given a manifest entry that is not in the headers, the generator fails with a message naming it,
/// writes nothing (not even the files that were fine), and does not crash.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class GeneratorFailureTests
{
    [Theory]
    [InlineData("\"structs\": [\"sockaddr\", \"kiwi_no_such_struct\"]", "kiwi_no_such_struct")]
    [InlineData("\"constants\": [{ \"names\": [\"AF_INET\", \"KIWI_NO_SUCH_CONSTANT\"] }]", "KIWI_NO_SUCH_CONSTANT")]
    [InlineData("\"constants\": [{ \"prefix\": \"KIWI_NO_SUCH_PREFIX_\", \"definedIn\": [\"bits/socket.h\"] }]", "KIWI_NO_SUCH_PREFIX_")]
    [InlineData("\"functions\": [\"socket\", \"kiwi_no_such_function\"]", "kiwi_no_such_function")]
    public void MissingManifestEntryFailsNamingItAndWritesNothing(string entry, string name)
    {
        using var temp = new TempDirectory();
        string manifest = temp.File("manifest.json");
        // A good header first, so a partial writer would have had something to write.
        File.WriteAllText(manifest, $$"""
            { "headers": [
                { "header": "sys/uio.h", "structs": ["iovec"], "functions": ["readv"] },
                { "header": "sys/socket.h", {{entry}} }
            ] }
            """);
        string output = Path.Combine(temp.Path, "out");

        GeneratorException error = Assert.Throws<GeneratorException>(() => Kiwi.Generator.Generator.Run(manifest, output));

        Assert.Contains(name, error.Message);
        Assert.Contains("sys/socket.h", error.Message);
        Assert.False(Directory.Exists(output) && Directory.GetFileSystemEntries(output).Length > 0, "output was written");
    }

    [Fact]
    public void UnreadableManifestIsAGeneratorErrorNotACrash()
    {
        using var temp = new TempDirectory();
        string manifest = temp.File("manifest.json");
        File.WriteAllText(manifest, """{ "headers": [ { "header": "sys/uio.h", "strucs": ["iovec"] } ] }""");

        GeneratorException error = Assert.Throws<GeneratorException>(() => Kiwi.Generator.Generator.Run(manifest, temp.File("out")));

        Assert.Contains("strucs", error.Message);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public async Task GeneratorProcessExitsWithAnErrorNamingTheEntry()
    {
        using var temp = new TempDirectory();
        string manifest = temp.File("manifest.json");
        File.WriteAllText(manifest, """{ "headers": [ { "header": "sys/socket.h", "structs": ["kiwi_missing_struct"] } ] }""");
        string output = temp.File("out");
        string generator = Path.Combine(AppContext.BaseDirectory, "Kiwi.Generator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            new[] { generator, "--manifest", manifest, "--out", output })
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        using Process process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string stderr;
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            stderr = await process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            await stdout;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("kiwi_missing_struct", stderr);
        Assert.False(Directory.Exists(output));
    }
}
