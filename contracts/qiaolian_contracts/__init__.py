"""The shared language of qiaolian.

Everything that crosses a service boundary is declared here: the CloudEvents envelope, one
payload module per producing service, the catalog that names every event type with its subject,
stream and consumers, and the Chinese public-holiday calendar that statutory deadlines use.
"""
