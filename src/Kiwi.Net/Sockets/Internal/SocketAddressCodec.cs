using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// Converts between .NET endpoints and the kernel's <c>struct sockaddr_*</c> in a caller-owned
/// <c>sockaddr_storage</c>: <see cref="IPEndPoint"/> ↔ <c>sockaddr_in</c>/<c>sockaddr_in6</c> field by field,
/// <see cref="UnixDomainSocketEndPoint"/> ↔ <c>sockaddr_un</c> through <see cref="SocketAddress"/>, whose bytes on
/// Linux are the native <c>sockaddr_un</c> (a path with its NUL, an abstract name with a leading NUL and none).
/// </summary>
internal static unsafe class SocketAddressCodec
{
    /// <summary>Writes <paramref name="endPoint"/> into <paramref name="storage"/> and returns its length
    /// (<c>socklen_t</c>).</summary>
    public static uint Encode(EndPoint endPoint, sockaddr_storage* storage)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        new Span<byte>(storage, sizeof(sockaddr_storage)).Clear();
        switch (endPoint)
        {
            // The address's own family decides, never the endpoint's claim: a mismatch must not encode zeros (0.0.0.0).
            case IPEndPoint ip when ip.Address.AddressFamily == AddressFamily.InterNetwork:
            {
                ThrowIfFamilyDisagrees(ip);
                sockaddr_in* sin = (sockaddr_in*)storage;
                sin->sin_family = (ushort)Libc.AF_INET;
                sin->sin_port = BinaryPrimitives.ReverseEndianness((ushort)ip.Port);
                ip.Address.TryWriteBytes(new Span<byte>(&sin->sin_addr, sizeof(in_addr)), out _);
                return (uint)sizeof(sockaddr_in);
            }
            case IPEndPoint ip when ip.Address.AddressFamily == AddressFamily.InterNetworkV6:
            {
                ThrowIfFamilyDisagrees(ip);
                sockaddr_in6* sin6 = (sockaddr_in6*)storage;
                sin6->sin6_family = (ushort)Libc.AF_INET6;
                sin6->sin6_port = BinaryPrimitives.ReverseEndianness((ushort)ip.Port);
                ip.Address.TryWriteBytes(new Span<byte>(&sin6->sin6_addr, sizeof(in6_addr)), out _);
                sin6->sin6_scope_id = (uint)ip.Address.ScopeId;
                return (uint)sizeof(sockaddr_in6);
            }
            case UnixDomainSocketEndPoint unix:
            {
                SocketAddress serialized = unix.Serialize();
                serialized.Buffer.Span[..serialized.Size].CopyTo(new Span<byte>(storage, sizeof(sockaddr_un)));
                return (uint)serialized.Size;
            }
            default:
                throw new ArgumentException($"Kiwi.Net cannot encode a {endPoint.GetType().Name} ({endPoint.AddressFamily}) as a sockaddr.", nameof(endPoint));
        }
    }

    private static void ThrowIfFamilyDisagrees(IPEndPoint ip)
    {
        if (ip.AddressFamily != ip.Address.AddressFamily)
        {
            throw new ArgumentException(
                $"sockaddr: the endpoint says {ip.AddressFamily} but its address {ip.Address} is {ip.Address.AddressFamily}.", "endPoint");
        }
    }

    /// <summary>Reads the address the kernel wrote (<paramref name="length"/> bytes of it). An unnamed Unix socket
    /// gives an endpoint with an empty path; no address (length 0), <c>AF_UNSPEC</c> or another family gives null.</summary>
    public static EndPoint? Decode(sockaddr_storage* storage, uint length)
    {
        if (length < sizeof(ushort))
        {
            return null;
        }
        int family = storage->ss_family;
        if (family == Libc.AF_INET)
        {
            sockaddr_in* sin = (sockaddr_in*)storage;
            IPAddress address = new(new ReadOnlySpan<byte>(&sin->sin_addr, sizeof(in_addr)));
            return new IPEndPoint(address, BinaryPrimitives.ReverseEndianness(sin->sin_port));
        }
        if (family == Libc.AF_INET6)
        {
            sockaddr_in6* sin6 = (sockaddr_in6*)storage;
            IPAddress address = new(new ReadOnlySpan<byte>(&sin6->sin6_addr, sizeof(in6_addr)), sin6->sin6_scope_id);
            return new IPEndPoint(address, BinaryPrimitives.ReverseEndianness(sin6->sin6_port));
        }
        if (family == Libc.AF_UNIX)
        {
            int size = (int)Math.Min(length, (uint)sizeof(sockaddr_un));
            SocketAddress serialized = new(AddressFamily.Unix, size);
            new ReadOnlySpan<byte>(storage, size).CopyTo(serialized.Buffer.Span);
            // An unnamed socket (socketpair, unbound client) decodes to an empty path.
            return UnixPrototype.Create(serialized);
        }
        return null;
    }

    private static readonly UnixDomainSocketEndPoint UnixPrototype = new("kiwi");
}
