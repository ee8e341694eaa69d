using System;
using System.IO;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>
/// The host's kernel UAPI headers (<c>linux/</c>, <c>asm-generic/</c>) as an include directory of their own, put first
/// for a cross target. They are the same on every architecture (only <c>asm/</c> differs), but Debian's
/// cross package (linux-libc-dev-arm64-cross 6.1.4) lags the host's linux-libc-dev (6.1.1xx): read from their own
/// copies, the version gap would show up as architecture differences (io_uring flags missing on arm64).
/// </summary>
public static class KernelHeaders
{
    private static readonly string[] Shared = { "linux", "asm-generic" };
    private static readonly object Gate = new();

    /// <summary>A folder holding links to the host's <c>linux/</c> and <c>asm-generic/</c> (created on first use).</summary>
    public static string SharedDirectory()
    {
        string host = CompilerIncludes.Directories(TargetPlatform.Host.Compiler)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "linux", "version.h")))
            ?? throw new GeneratorException("the host C compiler's include directories have no linux/version.h (install linux-libc-dev)");
        string folder = Path.Combine(Path.GetTempPath(), "kiwi-uapi" + host.Replace('/', '-'));
        lock (Gate)
        {
            Directory.CreateDirectory(folder);
            foreach (string name in Shared)
            {
                string link = Path.Combine(folder, name);
                try
                {
                    if (!Directory.Exists(link))
                    {
                        File.CreateSymbolicLink(link, Path.Combine(host, name));
                    }
                }
                catch (IOException) when (Directory.Exists(link))
                {
                    // Another process made the same link first.
                }
            }
        }
        return folder;
    }
}
