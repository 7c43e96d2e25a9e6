// Every test in this assembly is in the System tier: dotnet test --filter Tier=System runs only this tier.
[assembly: Xunit.AssemblyTrait("Tier", "System")]
