run: catalog -f json show 10de:2329
stdout-contains:   "id": "nvidia-h20",
stdout-contains:   "tpp": 2368.0,
stdout-contains:   "eccn": "none",
