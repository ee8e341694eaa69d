using System.Runtime.CompilerServices;

// Every import is blittable, so the runtime never marshals an argument.
[assembly: DisableRuntimeMarshalling]
