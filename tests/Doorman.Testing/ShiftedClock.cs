namespace Doorman.Testing;

/// <summary>The system clock moved forward by <see cref="Offset"/>: lets a test pass ten minutes or forty days at once.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
