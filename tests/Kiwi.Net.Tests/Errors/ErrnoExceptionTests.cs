using Kiwi.Interop;

namespace Kiwi.Net.Tests.Errors;

/// <summary>The one exception type: errno, its symbolic name, its text and the failing call.</summary>
public sealed class ErrnoExceptionTests
{
    [Fact]
    public void CarriesErrnoNameTextAndCall()
    {
        ErrnoException e = new("connect", Libc.ECONNREFUSED);

        Assert.Equal(Libc.ECONNREFUSED, e.Errno);
        Assert.Equal("ECONNREFUSED", e.ErrnoName);
        Assert.Equal("connect", e.Call);
        Assert.Equal("connect: ECONNREFUSED (Connection refused)", e.Message);
    }

    [Fact]
    public void NamesComeFromGlibc()
    {
        Assert.Equal("EAGAIN", ErrnoException.NameOf(Libc.EAGAIN));
        Assert.Equal("EADDRINUSE", ErrnoException.NameOf(Libc.EADDRINUSE));
        Assert.Equal("EINTR", ErrnoException.NameOf(Libc.EINTR));
        Assert.Equal("errno 9999", ErrnoException.NameOf(9999));
    }

    [Fact]
    public void ThrowHelpersThrowIt()
    {
        ErrnoException e = Assert.Throws<ErrnoException>(() => ErrnoException.Throw("bind", Libc.EADDRINUSE));
        Assert.Equal("EADDRINUSE", e.ErrnoName);
        ErrnoException raw = Assert.Throws<ErrnoException>(() => RawDescriptor.ThrowIfError(-Libc.EBADF, "read"));
        Assert.Equal("read", raw.Call);
        Assert.Equal(Libc.EBADF, raw.Errno);
        Assert.Equal(7, RawDescriptor.ThrowIfError(7, "read"));
    }
}
