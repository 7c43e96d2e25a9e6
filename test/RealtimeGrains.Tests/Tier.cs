// Every test in this assembly is in the Unit tier: dotnet test --filter Tier=Unit runs only this tier.
[assembly: Xunit.AssemblyTrait("Tier", "Unit")]
