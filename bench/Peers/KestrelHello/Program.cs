using System;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// KestrelHello -p PORT: ASP.NET Core's plaintext answer on 127.0.0.1:PORT, every request answered "Hello, World!"
// (text/plain, Content-Length 13, keep-alive) by one RequestDelegate; runs until SIGINT or SIGTERM.
int port = args is ["-p", string p] ? int.Parse(p) : 0;
if (port == 0)
{
    Console.Error.WriteLine("usage: KestrelHello -p PORT");
    return 2;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
WebApplication app = builder.Build();
byte[] body = "Hello, World!"u8.ToArray();
app.Run(context =>
{
    context.Response.StatusCode = 200;
    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, 0, body.Length);
});
app.Run();
return 0;
