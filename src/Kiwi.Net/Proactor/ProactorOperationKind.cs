namespace Kiwi.Net.Proactor;

/// <summary>What a <see cref="Proactor"/> operation does: the io_uring opcode it submits.</summary>
public enum ProactorOperationKind
{
    /// <summary><c>IORING_OP_ACCEPT</c> (<c>accept4(2)</c>); multishot with <c>IORING_ACCEPT_MULTISHOT</c>.</summary>
    Accept,

    /// <summary><c>IORING_OP_CONNECT</c> (<c>connect(2)</c>).</summary>
    Connect,

    /// <summary><c>IORING_OP_RECV</c> (<c>recv(2)</c>); multishot into provided buffers with <c>IORING_RECV_MULTISHOT</c> and <c>IOSQE_BUFFER_SELECT</c>.</summary>
    Receive,

    /// <summary><c>IORING_OP_SEND</c> (<c>send(2)</c>).</summary>
    Send,

    /// <summary><c>IORING_OP_CLOSE</c> (<c>close(2)</c>).</summary>
    Close,

    /// <summary><c>IORING_OP_ASYNC_CANCEL</c> with <c>IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL</c>: every
    /// operation in flight on one descriptor.</summary>
    Cancel,

    /// <summary><c>IORING_OP_RECVMSG</c> (<c>recvmsg(2)</c>) into one slot of a <see cref="DatagramBatch"/>.</summary>
    ReceiveMessage,

    /// <summary><c>IORING_OP_SENDMSG</c> (<c>sendmsg(2)</c>) of one slot of a <see cref="DatagramBatch"/>.</summary>
    SendMessage,
}
