using System.Collections.Generic;

namespace Kiwi.Generator;

/// <summary>A function to import with a blittable DllImport.</summary>
public sealed record FunctionModel(
    string Name,
    string ReturnType,
    string CReturnType,
    IReadOnlyList<ParameterModel> Parameters,
    string Library,
    bool SetLastError);
