"""What Rasa loads besides data/ and config.yml: domain, custom components, channel, launcher."""
