using Doorman.Data;
using Doorman.Server.Features.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Pages.Operator;

[Authorize(Policy = OperatorSession.Policy)]
public sealed class OutboxModel(DoormanDbContext db, IOptions<MailOptions> options, IMailTransport transport) : PageModel
{
    public List<OutboxEntry> Messages { get; private set; } = [];
    public bool UsesSmtp => options.Value.UsesSmtp;
    public string? Folder => (transport as OutboxTransport)?.Folder;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Messages = await Outbox.ListAsync(db, 200, cancellationToken);
    }
}
