namespace Doorman.Server.Pages;

/// <summary>One labelled form field with its hint and, after a refused save, its error right below it.</summary>
public sealed record FieldView(string Name, string Label, string? Value, string? Error)
{
    public string Type { get; init; } = "text";
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<(string Value, string Text)>? Options { get; init; }
}
