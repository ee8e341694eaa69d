using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kiwi.Net.Tests.Bridge;

/// <summary>A throw-away TLS server certificate made in the test: P-256 key, one DNS name, server-auth usage.</summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create(string dnsName)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
