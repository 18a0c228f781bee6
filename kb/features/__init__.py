"""What the articles show besides their text: the self-service widgets, the contact directory,
related articles, troubleshooters and the interface around the articles."""
