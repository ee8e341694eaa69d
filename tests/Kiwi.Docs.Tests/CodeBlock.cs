namespace Kiwi.Docs.Tests;

/// <summary>A fenced <c>```csharp</c> block of a Markdown page and the snippet its <c>&lt;!-- snippet: NAME --&gt;</c>
/// marker names (null without a marker). <see cref="Start"/> and <see cref="End"/> are the fence lines, 0-based.</summary>
internal sealed record CodeBlock(string Page, string? SnippetName, string Code, int Start, int End);
