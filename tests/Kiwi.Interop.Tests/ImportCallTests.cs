using System.Runtime.InteropServices;

namespace Kiwi.Interop.Tests;

/// <summary>The two import shapes work at run time: LibraryImport saves errno, DllImport and the shim return directly.</summary>
public sealed class ImportCallTests
{
    [Fact]
    public void SetLastErrorImportReportsErrnoOfAFailedCall()
    {
        Assert.Equal(-1, Libc.close(-1));
        Assert.Equal(Libc.EBADF, Marshal.GetLastPInvokeError());
    }

    [Fact]
    public void ShimReturnsNegativeErrnoAndPlainImportsReturnTheirResult()
    {
        Assert.Equal(-Libc.EBADF, KiwiShim.kiwi_close(-1));
        Assert.Equal(System.Environment.ProcessId, Libc.getpid());
    }

    [Fact]
    public unsafe void ErrnoNamesComeFromLibc()
    {
        Assert.Equal("EAGAIN", Marshal.PtrToStringUTF8((nint)Libc.strerrorname_np(Libc.EAGAIN)));
        Assert.False(string.IsNullOrEmpty(Marshal.PtrToStringUTF8((nint)Libc.strerror(Libc.ECONNREFUSED))));
    }
}
