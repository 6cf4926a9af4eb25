"""The live dashboard (`scorecard serve`): server-rendered pages behind login, with
roles, teams and an audit log. Members see aggregate figures suppressed as for the
public; managers also see the child-level trackers of their own teams; analysts see
everything. No scripts and nothing fetched from elsewhere: every page works by
keyboard and screen reader, and with JavaScript off."""
