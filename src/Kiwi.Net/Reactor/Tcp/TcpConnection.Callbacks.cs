using System;
using System.Threading;

namespace Kiwi.Net.Reactor;

// The user callbacks: one that throws is reported through EventLoop.ErrorReported and closes this connection.
public sealed unsafe partial class TcpConnection
{
    private void InvokeConnection()
    {
        try
        {
            Callbacks.Connection?.Invoke(this);
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void InvokeMessage(long receiveTime)
    {
        MessageCallback? message = Callbacks.Message;
        if (message is null)
        {
            _input.RetrieveAll();
            return;
        }
        try
        {
            message(this, _input, receiveTime);
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void InvokeWriteComplete()
    {
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected)
        {
            return;
        }
        try
        {
            Callbacks.WriteComplete?.Invoke(this);
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void InvokeHighWaterMark(Action<TcpConnection, int> callback, int queued)
    {
        try
        {
            callback(this, queued);
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void Fail(Exception error)
    {
        Loop.ReportError(error, this);
        HandleClose();
    }
}
