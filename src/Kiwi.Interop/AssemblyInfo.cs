using System.Runtime.CompilerServices;

// Every import is blittable, so the runtime never marshals (DESIGN.md "Layers").
[assembly: DisableRuntimeMarshalling]
