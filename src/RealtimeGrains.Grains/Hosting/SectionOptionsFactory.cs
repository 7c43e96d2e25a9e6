using Microsoft.Extensions.Options;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Creates <c>IOptions&lt;T&gt;</c> of one <see cref="RealtimeGrainsOptions"/> section from the bound and
/// code-configured <see cref="RealtimeGrainsOptions"/> (so configuration is bound once), then runs the
/// <c>Configure&lt;T&gt;</c> calls made for that type and its validators, as Orleans' own options do.
/// One instance per silo: <c>IOptions&lt;T&gt;</c> and <c>IOptionsMonitor&lt;T&gt;</c> get the same object.
/// </summary>
internal sealed class SectionOptionsFactory<T> : IOptionsFactory<T>
    where T : class
{
    private readonly Factory _factory;
    private readonly Lazy<T> _default;

    public SectionOptionsFactory(
        IOptions<RealtimeGrainsOptions> all,
        IEnumerable<IConfigureOptions<T>> setups,
        IEnumerable<IPostConfigureOptions<T>> postConfigures,
        IEnumerable<IValidateOptions<T>> validations)
    {
        _factory = new Factory(all, setups, postConfigures, validations);
        _default = new Lazy<T>(() => _factory.Create(Options.DefaultName));
    }

    public T Create(string name) => name == Options.DefaultName ? _default.Value : _factory.Create(name);

    private sealed class Factory(
        IOptions<RealtimeGrainsOptions> all,
        IEnumerable<IConfigureOptions<T>> setups,
        IEnumerable<IPostConfigureOptions<T>> postConfigures,
        IEnumerable<IValidateOptions<T>> validations)
        : OptionsFactory<T>(setups, postConfigures, validations)
    {
        protected override T CreateInstance(string name) =>
            name == Options.DefaultName ? all.Value.Get<T>() : base.CreateInstance(name);
    }
}
