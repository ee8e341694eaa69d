namespace Kiwi.Docs.Tests;

/// <summary>A named region of a file under docs/snippets (<c>#region NAME</c> … <c>#endregion</c>), dedented.</summary>
internal sealed record Snippet(string Name, string Code, string File, int Line);
