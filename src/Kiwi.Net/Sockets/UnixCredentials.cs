using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>A process's credentials as sent with <c>SCM_CREDENTIALS</c> or read with <c>SO_PEERCRED</c>
/// (<c>struct ucred</c>).</summary>
/// <param name="ProcessId"><c>pid</c>.</param>
/// <param name="UserId"><c>uid</c>.</param>
/// <param name="GroupId"><c>gid</c>.</param>
public readonly record struct UnixCredentials(int ProcessId, uint UserId, uint GroupId)
{
    /// <summary>This process's credentials (<c>getpid(2)</c>, <c>getuid(2)</c>, <c>getgid(2)</c>): what an
    /// unprivileged process may send.</summary>
    public static UnixCredentials OfThisProcess() => new(SystemCalls.GetPid(), SystemCalls.GetUid(), SystemCalls.GetGid());

    internal ucred ToNative() => new() { pid = ProcessId, uid = UserId, gid = GroupId };

    internal static UnixCredentials FromNative(in ucred value) => new(value.pid, value.uid, value.gid);
}
