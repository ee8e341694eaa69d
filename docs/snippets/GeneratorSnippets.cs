using Kiwi.Interop;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/GENERATOR.md: the raw layer as the generator writes it, used directly.</summary>
public static class GeneratorSnippets
{
    public static unsafe (int Family, int Port) RawLayer()
    {
        #region generator-raw
        // Constants, structs and functions keep their C names: Libc.* from the system headers, KiwiShim.* from the shim.
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        sockaddr_in address = default;                             // struct sockaddr_in, the C layout to the byte
        address.sin_family = (ushort)Libc.AF_INET;
        address.sin_addr.s_addr = 0x0100007f;                      // 127.0.0.1 in network order (little-endian host)
        Libc.bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_in));
        sockaddr_in bound = default;
        uint length = (uint)sizeof(sockaddr_in);
        Libc.getsockname(fd, (sockaddr*)&bound, &length);          // port 0 became a real one
        int closed = KiwiShim.kiwi_close(fd);                      // the shim's -errno convention: 0 or -EBADF...
        #endregion
        return (bound.sin_family, bound.sin_port);
    }
}
