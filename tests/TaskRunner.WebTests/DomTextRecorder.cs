using System.Text.Json;
using Microsoft.Playwright;

namespace TaskRunner.WebTests;

/// <summary>
/// Records, in order, every text the page writes under an element (a MutationObserver in the page), so a test can
/// check states that pass too quickly for a polling assertion to see: each stage of a task, each streamed token.
/// </summary>
public sealed class DomTextRecorder
{
    private readonly IPage page;
    private readonly string name;

    private DomTextRecorder(IPage page, string name)
    {
        this.page = page;
        this.name = name;
    }

    /// <summary>Starts recording under the element that <paramref name="selector"/> finds (it must exist already).</summary>
    public static async Task<DomTextRecorder> StartAsync(IPage page, string selector)
    {
        var name = $"recorder-{Guid.NewGuid():N}";
        // textContent = … and append(text) each add a new text node: its data is exactly what the page wrote then.
        await page.EvaluateAsync("""
            ([selector, name]) => {
              const seen = [];
              (window.__textRecorders ??= {})[name] = seen;
              new MutationObserver((records) => {
                for (const record of records) {
                  // The record's target is the element whose children changed. The text node's own parent is not
                  // used: when several events render in one task (one network read), every text but the last is
                  // replaced before this callback runs, and a removed node has no parent left to attribute it to.
                  const host = record.target.nodeType === Node.ELEMENT_NODE ? record.target : record.target.parentElement;
                  for (const node of record.addedNodes) {
                    if (node.nodeType !== Node.TEXT_NODE) continue;
                    seen.push({
                      role: host?.closest('[data-role]')?.dataset.role ?? '',
                      file: host?.closest('[data-file]')?.dataset.file ?? '',
                      text: node.data,
                    });
                  }
                }
              }).observe(document.querySelector(selector), { childList: true, subtree: true });
            }
            """, new[] { selector, name });
        return new DomTextRecorder(page, name);
    }

    /// <summary>What was written so far, oldest first.</summary>
    public async Task<IReadOnlyList<RecordedText>> ReadAsync()
    {
        var json = await page.EvaluateAsync<string>("(name) => JSON.stringify(window.__textRecorders[name])", name);
        return JsonSerializer.Deserialize<List<RecordedText>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }
}
