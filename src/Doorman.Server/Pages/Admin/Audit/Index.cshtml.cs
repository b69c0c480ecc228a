using Doorman.Data;
using Doorman.Server.Features.Audit;
using Microsoft.AspNetCore.WebUtilities;

namespace Doorman.Server.Pages.Admin.Audit;

public sealed class IndexModel(DoormanDbContext db) : AdminPageModel(db)
{
    private const int PageSize = 50;

    public List<AuditEventResponse> Events { get; private set; } = [];
    public string? Action { get; private set; }
    public string? ActorFilter { get; private set; }
    public string? Outcome { get; private set; }
    public DateOnly? Date { get; private set; }
    public long? NextBefore { get; private set; }

    protected override string Section => "audit";

    public async Task OnGetAsync(string? action, string? actor, string? outcome, DateOnly? date, long? before, CancellationToken cancellationToken)
    {
        (Action, ActorFilter, Outcome, Date) = (action, actor, outcome, date);
        var from = date?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var filter = new AuditFilter(before, action, actor, outcome, from, from?.AddDays(1));
        // One more than a page tells whether an older page exists.
        var events = await AuditSearch.FindAsync(Db, filter, PageSize + 1, cancellationToken);
        Events = [.. events.Take(PageSize)];
        NextBefore = events.Count > PageSize ? Events[^1].Id : null;
    }

    public string PageLink(long before) => QueryHelpers.AddQueryString("/admin/audit", new Dictionary<string, string?>
    {
        ["action"] = Action, ["actor"] = ActorFilter, ["outcome"] = Outcome, ["date"] = Date?.ToString("yyyy-MM-dd"),
        ["before"] = before.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
