namespace Kiwi.Net.Tests;

/// <summary>The shim is built by the build and found next to the test assembly.</summary>
public class ShimLoadsTests
{
    [Fact]
    public void ShimLibraryIsCopiedNextToTheTests()
    {
        string path = System.IO.Path.Combine(System.AppContext.BaseDirectory, "libkiwi_shim.so");
        Assert.True(System.IO.File.Exists(path), path);
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryLoad(path, out System.IntPtr handle));
        Assert.NotEqual(System.IntPtr.Zero, System.Runtime.InteropServices.NativeLibrary.GetExport(handle, "kiwi_fd_isset"));
    }
}
