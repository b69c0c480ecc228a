namespace Doorman.Data.Entities;

/// <summary>A named lease on a background job: the node holding an unexpired lease runs it, the others skip.</summary>
public sealed class Lease
{
    public required string Name { get; init; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}
