using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TaskRunner.Tasks.Options;

/// <summary>Reads settings that the process cannot start without, failing with a message that names the setting.</summary>
public static class RequiredSetting
{
    public static string ConnectionString(IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new OptionsValidationException(
                $"ConnectionStrings:{name}",
                typeof(string),
                [$"The connection string 'ConnectionStrings:{name}' is missing. Set the environment variable ConnectionStrings__{name}."]);
        }

        return value;
    }
}
