def test_story_page_is_served_with_its_title(client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.title in response.content.decode()
