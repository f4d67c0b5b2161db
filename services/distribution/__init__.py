"""The distribution service: subscribers, matching, webhooks, feeds, e-mail, embargo, audit."""
