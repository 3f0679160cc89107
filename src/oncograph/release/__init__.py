"""Steps of the release build."""
