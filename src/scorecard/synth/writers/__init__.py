"""Writers of the synthetic LA's files, each in the real format of its return."""
