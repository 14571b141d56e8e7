"""A tiny corpus of three topics, shared by the embedding and neighbour tests."""

from __future__ import annotations

from sphinxext_vconf.model import Paper

TOPICS = {
    "graph": [
        "Graph neural networks for node classification",
        "Message passing on graphs with attention over neighbours",
        "Link prediction in large graphs with graph convolutions",
        "Spectral graph convolutional networks for molecules",
    ],
    "rl": [
        "Reinforcement learning with sparse rewards for robot control",
        "Policy gradient methods for continuous control agents",
        "Exploration bonuses in deep reinforcement learning",
        "Model-based reinforcement learning for Atari games",
    ],
    "speech": [
        "End-to-end speech recognition with transformers",
        "Text-to-speech synthesis with neural vocoders",
        "Speaker verification from raw audio waveforms",
        "Low-resource automatic speech recognition for many languages",
    ],
}


def topic_papers() -> list[Paper]:
    return [
        Paper(id=f"{topic}-{i}", title=title, authors=[],
              abstract=f"We study {title.lower()}. Experiments show gains over baselines.")
        for topic, titles in TOPICS.items() for i, title in enumerate(titles)
    ]
