"""Package data of huiqi.geo (a package so that setuptools ships its files); see PROVENANCE.md."""
