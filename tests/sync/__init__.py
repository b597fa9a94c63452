"""aod sync: devices through a shared folder, convergence as a property, replicas that are damaged or hostile."""
