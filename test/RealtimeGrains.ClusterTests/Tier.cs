// Every test in this assembly is in the Cluster tier: dotnet test --filter Tier=Cluster runs only this tier.
[assembly: Xunit.AssemblyTrait("Tier", "Cluster")]
