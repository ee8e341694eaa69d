using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Kiwi.Interop.Tests;

/// <summary>
/// Proof 4: the shim's FD_* agree with libc's macros for every descriptor 0..FD_SETSIZE-1 (bitmaps built by a C
/// program with FD_SET), and refuse -1 and FD_SETSIZE without touching the set.
/// </summary>
public sealed unsafe class FdSetShimTests
{
    private const string BitmapProgram = """
        #include <stdio.h>
        #include <sys/select.h>
        /* For every fd: the bytes of a set holding only fd, as FD_SET builds it; then a set of every third fd. */
        static void dump(const fd_set *set)
        {
            const unsigned char *bytes = (const unsigned char *)set;
            for (size_t i = 0; i < sizeof(fd_set); i++) printf("%02x", bytes[i]);
            printf("\n");
        }
        int main(void)
        {
            fd_set set;
            for (int fd = 0; fd < FD_SETSIZE; fd++) { FD_ZERO(&set); FD_SET(fd, &set); dump(&set); }
            FD_ZERO(&set);
            for (int fd = 0; fd < FD_SETSIZE; fd += 3) FD_SET(fd, &set);
            dump(&set);
            return 0;
        }
        """;

    [Fact]
    public void ShimFdMacrosAgreeWithLibcForEveryDescriptor()
    {
        using var temp = new TempDirectory();
        string[] lines = CProgram.CompileAndRun(BitmapProgram, temp.Path, Array.Empty<string>()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Libc.FD_SETSIZE + 1, lines.Length);
        Assert.Equal(Libc.FD_SETSIZE, KiwiShim.kiwi_fd_setsize());
        Assert.Equal(Libc.FD_SETSIZE, sizeof(fd_set) * 8);

        fd_set set;
        for (int fd = 0; fd < Libc.FD_SETSIZE; fd++)
        {
            Assert.Equal(0, KiwiShim.kiwi_fd_zero(&set));
            Assert.Equal(0, KiwiShim.kiwi_fd_set(fd, &set));
            Assert.Equal(lines[fd], Hex(&set));
            Assert.Equal(1, KiwiShim.kiwi_fd_isset(fd, &set));
            Assert.Equal(0, KiwiShim.kiwi_fd_clr(fd, &set));
            Assert.Equal(0, KiwiShim.kiwi_fd_isset(fd, &set));
            Assert.Equal(new string('0', sizeof(fd_set) * 2), Hex(&set));
        }

        fd_set fromC = FromHex(lines[Libc.FD_SETSIZE]);
        for (int fd = 0; fd < Libc.FD_SETSIZE; fd++)
        {
            Assert.Equal(fd % 3 == 0 ? 1 : 0, KiwiShim.kiwi_fd_isset(fd, &fromC));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(Libc.FD_SETSIZE)]
    [InlineData(int.MaxValue)]
    public void ShimRefusesDescriptorsOutsideTheSetWithoutTouchingIt(int fd)
    {
        fd_set set;
        KiwiShim.kiwi_fd_zero(&set);
        KiwiShim.kiwi_fd_set(0, &set);
        KiwiShim.kiwi_fd_set(Libc.FD_SETSIZE - 1, &set);
        string before = Hex(&set);

        Assert.Equal(-Libc.EINVAL, KiwiShim.kiwi_fd_set(fd, &set));
        Assert.Equal(-Libc.EINVAL, KiwiShim.kiwi_fd_clr(fd, &set));
        Assert.Equal(-Libc.EINVAL, KiwiShim.kiwi_fd_isset(fd, &set));
        Assert.Equal(before, Hex(&set));
    }

    private static string Hex(fd_set* set) => Convert.ToHexStringLower(new ReadOnlySpan<byte>(set, sizeof(fd_set)));

    private static fd_set FromHex(string hex)
    {
        fd_set set;
        byte[] bytes = Convert.FromHexString(hex);
        Assert.Equal(sizeof(fd_set), bytes.Length);
        Marshal.Copy(bytes, 0, (IntPtr)(&set), bytes.Length);
        return set;
    }
}
