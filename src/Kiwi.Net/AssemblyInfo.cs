using System.Runtime.CompilerServices;

// Kiwi.Net passes only blittable arguments to native code.
[assembly: DisableRuntimeMarshalling]
